namespace Saas.Testing;

/// <summary>
/// Identity refuses to start outside Development without a mail transport (SMTP or Resend). Processes the tests and
/// benchmarks start as Production, with no mail server to send to, allow its dev mailbox explicitly.
/// </summary>
public static class DevMailboxSetting
{
    public static IEnumerable<KeyValuePair<string, string>> Environment => [new("Mail__AllowDevMailbox", "true")];
}
