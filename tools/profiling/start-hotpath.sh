#!/usr/bin/env bash
# Starts billing, identity and the gateway (Release builds) the way `./saas bench` does, for profiling by hand:
#   tools/profiling/start-hotpath.sh DIR   → writes DIR/pids and DIR/ports, leaves the processes running.
# Stop them with: kill $(cat DIR/pids)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${1:?work directory}
mkdir -p "$DIR"
: >"$DIR/pids"
KEY=profiling-internal-key-0123456789abcdef
common=(ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
  Identity__InternalApiKey=$KEY Billing__InternalApiKey=$KEY Webhooks__InternalApiKey=$KEY ApiKeys__IdentityApiKey=$KEY
  Admin__IdentityApiKey=$KEY Admin__BillingApiKey=$KEY Admin__WebhooksApiKey=$KEY Mail__AllowDevMailbox=true
  Identity__Tokens__SigningKeyEncryptionSecret=profiling-signing-key-secret-0123456789)
BILLING=${BILLING_PORT:-5601} IDENTITY=${IDENTITY_PORT:-5602} GATEWAY=${GATEWAY_PORT:-5603}
start() { # name port env...
  local name=$1 port=$2; shift 2
  local project=Saas.${name^}
  local dll
  if [ "$name" = gateway ]; then dll=$ROOT/gateway/$project/bin/Release/net10.0/$project.dll
  else dll=$ROOT/services/$name/$project/bin/Release/net10.0/$project.dll; fi
  (cd "$(dirname "$dll")" && exec env "${common[@]}" ASPNETCORE_URLS=http://127.0.0.1:$port "$@" \
    dotnet "$dll" >"$DIR/$name.log" 2>&1) &
  echo $! >>"$DIR/pids"
  for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$port/alive" >/dev/null && return 0; sleep 0.2; done
  echo "$name did not start: see $DIR/$name.log" >&2; return 1
}
start billing $BILLING Storage__DataDirectory=$DIR/billing Stripe__SecretKey=sk_test_saas_profiling_unused
start identity $IDENTITY Storage__DataDirectory=$DIR/identity Identity__PasswordHashIterations=${HASH_ITERATIONS:-1000}
start gateway $GATEWAY RateLimiting__Auth__PermitLimit=1000000 RateLimiting__Session__PermitLimit=1000000 \
  services__billing__http__0=http://127.0.0.1:$BILLING services__identity__http__0=http://127.0.0.1:$IDENTITY \
  services__admin__http__0=http://127.0.0.1:9 services__webhooks__http__0=http://127.0.0.1:9
email="profile-$RANDOM$RANDOM@example.com"
curl -fs -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"profile-password-1\",\"name\":\"P\"}" \
  "http://127.0.0.1:$IDENTITY/api/auth/register" | sed -E 's/.*"token":"([^"]+)".*/\1/' >"$DIR/token"
echo "billing=$BILLING identity=$IDENTITY gateway=$GATEWAY" >"$DIR/ports"
cat "$DIR/ports"
