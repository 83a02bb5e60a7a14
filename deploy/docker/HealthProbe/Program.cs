// dotnet Saas.HealthProbe.dll [/path | http://host:port/path]
// Exit 0 when the endpoint answers 2xx within the timeout, 1 otherwise (Docker's HEALTHCHECK contract).
return await Saas.HealthProbe.Probe.RunAsync(args, Environment.GetEnvironmentVariable, Console.Error);
