#!/usr/bin/env bash
# One private RabbitMQ node (Debian's rabbitmq-server) in the foreground, for the AppHost's `messaging` resource.
#   rabbitmq-node.sh           run the node until it exits or this script is told to stop
#   rabbitmq-node.sh ctl ARGS  rabbitmqctl against that node (same HOME, cookie and epmd port)
# The AppHost sets SAAS_RABBITMQ_BASE (data directory) and the RABBITMQ_*/ERL_EPMD_* variables.
#
# Why a wrapper: the node's epmd would otherwise run detached, outliving the node and the AppHost. Here epmd is a
# child of this script, and this script stops the node and epmd when it is signalled, when the node dies (so the
# AppHost sees the exit and restarts it) and when its parent (DCP) is gone, even if the parent was SIGKILLed.
set -u
base=${SAAS_RABBITMQ_BASE:?SAAS_RABBITMQ_BASE is not set}
export HOME="$base/home" LANG=C.UTF-8 LC_ALL=C.UTF-8
export RABBITMQ_MNESIA_BASE="$base/mnesia" RABBITMQ_LOG_BASE="$base/log"
export RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins" RABBITMQ_CONFIG_FILE="$base/rabbitmq"
export RABBITMQ_ADVANCED_CONFIG_FILE="$base/advanced.config" RABBITMQ_CONF_ENV_FILE="$base/rabbitmq-env.conf"
export ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
bin=/usr/lib/rabbitmq/bin

if [ "${1:-}" = ctl ]; then
  shift
  exec "$bin/rabbitmqctl" -n "$RABBITMQ_NODENAME" "$@"
fi

mkdir -p "$HOME" "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
# No plugins: the management plugin alone adds seconds to every start.
printf '[].\n' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
# No rabbitmq.conf (defaults): with one, even an empty one, the node's prelaunch runs cuttlefish over every schema
# first, about 2 s of CPU at each start on a loaded machine (4.9 against 2.7 s to the first log line, load 17).
rm -f "$base/rabbitmq.conf"

parent=$PPID
epmd -port "$ERL_EPMD_PORT" -address 127.0.0.1 &
epmd_pid=$!
# The node registers with epmd as it starts; if epmd is not listening yet, erl starts a daemon of its own on that port
# (which then outlives everything) or fails to start distribution. Wait until ours answers (or has died).
for _ in $(seq 1 100); do
  epmd -port "$ERL_EPMD_PORT" -names >/dev/null 2>&1 && break
  kill -0 "$epmd_pid" 2>/dev/null || break
  sleep 0.05
done
"$bin/rabbitmq-server" &
node_pid=$!

stopping=0
stop() {
  [ $stopping = 1 ] && return
  stopping=1
  if kill -0 "$node_pid" 2>/dev/null; then
    echo "rabbitmq-node: stopping node $RABBITMQ_NODENAME"
    # rabbitmq-server turns SIGTERM into a clean `rabbitmqctl stop`.
    kill -TERM "$node_pid" 2>/dev/null
    for _ in $(seq 1 150); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.1; done
    pkill -KILL -f -- "-home $HOME " 2>/dev/null
  fi
  kill -TERM "$epmd_pid" 2>/dev/null
  wait "$epmd_pid" 2>/dev/null
}
trap 'stop; exit 143' TERM
trap 'stop; exit 130' INT
trap 'stop; exit 129' HUP

while kill -0 "$node_pid" 2>/dev/null; do
  if ! kill -0 "$parent" 2>/dev/null || [ "$(ps -o ppid= -p $$ | tr -d ' ')" != "$parent" ]; then
    echo "rabbitmq-node: the process that started this node ($parent) is gone: stopping"
    stop
    exit 0
  fi
  sleep 1 & wait $!
done
wait "$node_pid"
code=$?
echo "rabbitmq-node: node $RABBITMQ_NODENAME exited with code $code"
stop
exit "$code"
