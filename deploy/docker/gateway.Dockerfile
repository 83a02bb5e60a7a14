# syntax=docker/dockerfile:1
# Saas.Gateway container image. Build context: the repository root.
#   docker build -f deploy/docker/gateway.Dockerfile -t saas/gateway .
# Multi-stage: the SDK image restores and publishes; the runtime image gets the publish output only.
# Runtime base: aspnet:10.0-noble-chiseled (Ubuntu "chiseled": no shell, no package manager, non-root "app"
# user, ~120 MB). With no curl/wget in it, the HEALTHCHECK runs the small Saas.HealthProbe (deploy/docker/HealthProbe).
# The gateway's HEALTHCHECK asks /alive, not /health: its /health aggregates every service behind it, and one
# service down must not mark the gateway itself unhealthy.

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# 1. Project files only, so the restore layer is reused until a project or a package version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY shared/Saas.Contracts/Saas.Contracts.csproj shared/Saas.Contracts/
COPY shared/Saas.Storage/Saas.Storage.csproj shared/Saas.Storage/
COPY shared/Saas.ServiceDefaults/Saas.ServiceDefaults.csproj shared/Saas.ServiceDefaults/
COPY gateway/Saas.Gateway/Saas.Gateway.csproj gateway/Saas.Gateway/
COPY deploy/docker/HealthProbe/Saas.HealthProbe.csproj deploy/docker/HealthProbe/
RUN dotnet restore gateway/Saas.Gateway/Saas.Gateway.csproj \
 && dotnet restore deploy/docker/HealthProbe/Saas.HealthProbe.csproj
# 2. Sources. bin/ and obj/ of a developer's machine must not leak into the build (a root .dockerignore keeps
#    them out of the context too); the packages restored above stay in the SDK's cache, so publish restores offline.
COPY shared/ shared/
COPY gateway/Saas.Gateway/ gateway/Saas.Gateway/
COPY deploy/docker/HealthProbe/ deploy/docker/HealthProbe/
RUN find shared gateway/Saas.Gateway deploy/docker/HealthProbe -depth -type d \( -name bin -o -name obj \) -exec rm -rf {} + \
 && dotnet publish gateway/Saas.Gateway/Saas.Gateway.csproj -c Release -o /out/app -p:UseAppHost=false \
 && dotnet publish deploy/docker/HealthProbe/Saas.HealthProbe.csproj -c Release -o /out/probe -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /out/app ./
COPY --from=build /out/probe /probe/
# Non-root: the chiseled images define the "app" user (UID 1654) as $APP_UID.
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/usr/bin/dotnet", "/probe/Saas.HealthProbe.dll", "/alive"]
ENTRYPOINT ["/usr/bin/dotnet", "Saas.Gateway.dll"]
