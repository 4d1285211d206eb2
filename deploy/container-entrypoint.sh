#!/bin/sh
# The container's entry point: the runtime settings that have no runtimeconfig knob (deploy/runtime.env, the
# file systemd loads too), then the host, or one of its commands: backup, restore ARCHIVE, bootstrap-admin.
set -eu
set -a
. /app/runtime.env
set +a
exec dotnet /app/GuidanceBot.Api.dll "$@"
