// Checks Adaptive Cards with the official parser (npm adaptivecards): parse, then validateProperties().
// Usage: node validate-cards.js <file.json>, where the file holds [{ "name": "...", "card": {...} }, ...].
// Prints JSON: [{ name, bytes, events: [...], failures: [...] }, ...].
const fs = require('fs');
const AC = require('adaptivecards/dist/adaptivecards.js');

function check({ name, card }) {
  const context = new AC.SerializationContext(new AC.Version(1, 5));
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const events = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push(`${AC.ValidationEvent[e.event] ?? e.event}: ${e.message}`);
  }
  const failures = [];
  for (const e of parsed.validateProperties().validationEvents) {
    failures.push(`${e.source?.getJsonTypeName?.() ?? ''} ${AC.ValidationEvent[e.event] ?? e.event}: ${e.message}`);
  }
  return { name, bytes: Buffer.byteLength(JSON.stringify(card), 'utf8'), events, failures };
}

const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
process.stdout.write(JSON.stringify(input.map(check)));
