// Validates an unpacked Teams app package with the official @microsoft/app-manifest schemas (offline:
// the package ships the JSON schemas). Usage: node validate-manifest.js <folder>. Prints JSON.
const fs = require('fs');
const path = require('path');
const { AppManifestUtils } = require('@microsoft/app-manifest');
const AjvDraft04 = require('ajv-draft-04');

// The localization schema's patterns use \b inside brackets, which Ajv's default unicode regexps
// reject; compile that one schema (shipped in the same package) with plain regexps.
function validateLocalization(file, version) {
  const schemaPath = path.join(path.dirname(require.resolve('@microsoft/app-manifest')),
    'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.Localization.schema.json');
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false, unicodeRegExp: false, validateFormats: false });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
  return validate(file) ? [] : validate.errors.map(e => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

async function main(folder) {
  const errors = [];
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
  for (const e of await AppManifestUtils.validateAgainstSchema(manifest)) errors.push(`manifest.json: ${e}`);

  for (const lang of manifest.localizationInfo?.additionalLanguages ?? []) {
    const file = JSON.parse(fs.readFileSync(path.join(folder, lang.file), 'utf8'));
    for (const e of validateLocalization(file, manifest.manifestVersion)) errors.push(`${lang.file}: ${e}`);
  }
  for (const icon of [manifest.icons.color, manifest.icons.outline]) {
    if (!fs.existsSync(path.join(folder, icon))) errors.push(`missing icon ${icon}`);
  }
  return { manifestVersion: manifest.manifestVersion, errors };
}

main(process.argv[2]).then(
  r => { process.stdout.write(JSON.stringify(r)); },
  e => { process.stdout.write(JSON.stringify({ errors: [String(e && e.stack || e)] })); process.exitCode = 1; });
