// Turns stored audit details (JSON) into one short, readable line. Pure; the view escapes it.

const MAX = 300;

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (Array.isArray(value)) return value.length ? value.map(show).join(', ') : '(none)';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value); // an object: parsed JSON holds nothing else
}

export function summariseDetails(details: string | null, max = MAX): string {
  if (!details) return '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return details.slice(0, max);
  }
  let text: string;
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const obj = parsed as Record<string, unknown>;
    const changes = obj.changes;
    if (changes && typeof changes === 'object' && !Array.isArray(changes)) {
      text = Object.entries(changes as Record<string, { from?: unknown; to?: unknown }>)
        .map(([k, v]) => `${k}: ${show(v?.from)} → ${show(v?.to)}`)
        .join('; ');
    } else if ('from' in obj && 'to' in obj && Object.keys(obj).length === 2) {
      text = `${show(obj.from)} → ${show(obj.to)}`;
    } else {
      text = Object.entries(obj)
        .map(([k, v]) => `${k}: ${show(v)}`)
        .join('; ');
    }
  } else {
    text = show(parsed);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
