# Build: restore first so the package layer is cached across source edits.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Cms.Data/Cms.Data.csproj src/Cms.Data/
COPY src/Cms.Api/Cms.Api.csproj src/Cms.Api/
COPY src/Cms.Admin/Cms.Admin.csproj src/Cms.Admin/
COPY migrations/Cms.Migrations.Sqlite/Cms.Migrations.Sqlite.csproj migrations/Cms.Migrations.Sqlite/
COPY migrations/Cms.Migrations.Postgres/Cms.Migrations.Postgres.csproj migrations/Cms.Migrations.Postgres/
RUN dotnet restore src/Cms.Api/Cms.Api.csproj
COPY src/ src/
COPY migrations/ migrations/
RUN dotnet publish src/Cms.Api/Cms.Api.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl only serves the health check below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# The SQLite default writes to /app/data; give it to the image's non-root user.
RUN mkdir -p /app/data && chown "$APP_UID" /app/data
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS http://localhost:8080/health/ready || exit 1
ENTRYPOINT ["dotnet", "Cms.Api.dll"]
