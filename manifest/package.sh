#!/usr/bin/env bash
# Builds the Teams app package: fills the ids into manifest.json and zips it with the icons.
#   manifest/package.sh BOT_APP_ID [TEAMS_APP_ID] [OUTPUT_ZIP]
# BOT_APP_ID is the bot's Entra app id (Bot:AppId); the Teams app id defaults to it.
# TAB_HOST (environment) is the host name the tab is served from (the bot's public host, e.g. guidance.example.cn): the
# tabs' addresses, validDomains and the SSO resource api://TAB_HOST/BOT_APP_ID (webApplicationInfo) are made from it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
guid='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
bot_id="${1:?usage: package.sh BOT_APP_ID [TEAMS_APP_ID] [OUTPUT_ZIP]}"
app_id="${2:-$bot_id}"
out="${3:-$here/build/guidancebot.zip}"
tab_host="${TAB_HOST:?set TAB_HOST to the host name the tab is served from, e.g. TAB_HOST=guidance.example.cn}"
[[ "$tab_host" =~ ^[A-Za-z0-9.-]+$ ]] || { echo "not a host name: $tab_host" >&2; exit 2; }
for id in "$bot_id" "$app_id"; do
  [[ "$id" =~ $guid ]] || { echo "not a GUID: $id" >&2; exit 2; }
done

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
sed -e "s/\${{APP_ID}}/$app_id/g" -e "s/\${{BOT_ID}}/$bot_id/g" -e "s/\${{TAB_HOST}}/$tab_host/g" "$here/manifest.json" > "$stage/manifest.json"
cp "$here/color.png" "$here/outline.png" "$here/en-us.json" "$stage/"

mkdir -p "$(dirname "$out")"
rm -f "$out"
# Files sit at the root of the archive, as Teams requires.
(cd "$stage" && python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name in sys.argv[2:]:
        z.write(name)' "$out" manifest.json en-us.json color.png outline.png)
echo "$out"
