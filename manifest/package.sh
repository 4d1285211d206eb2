#!/usr/bin/env bash
# Builds the Teams app package: fills the ids into manifest.json and zips it with the icons.
#   manifest/package.sh BOT_APP_ID [TEAMS_APP_ID] [OUTPUT_ZIP]
# BOT_APP_ID is the bot's Entra app id (Bot:AppId); the Teams app id defaults to it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
guid='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
bot_id="${1:?usage: package.sh BOT_APP_ID [TEAMS_APP_ID] [OUTPUT_ZIP]}"
app_id="${2:-$bot_id}"
out="${3:-$here/build/guidancebot.zip}"
for id in "$bot_id" "$app_id"; do
  [[ "$id" =~ $guid ]] || { echo "not a GUID: $id" >&2; exit 2; }
done

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
sed -e "s/\${{APP_ID}}/$app_id/g" -e "s/\${{BOT_ID}}/$bot_id/g" "$here/manifest.json" > "$stage/manifest.json"
cp "$here/color.png" "$here/outline.png" "$here/en-us.json" "$stage/"

mkdir -p "$(dirname "$out")"
rm -f "$out"
# Files sit at the root of the archive, as Teams requires.
(cd "$stage" && python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name in sys.argv[2:]:
        z.write(name)' "$out" manifest.json en-us.json color.png outline.png)
echo "$out"
