// Terraform reads every string of a JSON configuration as a template: `${…}` interpolates and
// `%{…}` is a directive, evaluated at plan time (Terraform "JSON Configuration Syntax", "Expression
// mapping"; HCL template spec: `$${` and `%%{` are the escapes of a literal `${` and `%{`). A
// declared value must reach the handler as written, so every string we synthesize is escaped, and
// whoever reads a cdk.tf.json (the audit) unescapes it the way Terraform will.

/** `value` as a template whose evaluation is `value`: `${` → `$${`, `%{` → `%%{`. */
export function escapeTemplate(value: string): string {
  return value.replace(/([$%])\{/g, '$1$1{');
}

export type TemplateReading = { readonly literal: true; readonly value: string } | { readonly literal: false; readonly interpolation: string };

/**
 * What Terraform makes of a template string: the literal it evaluates to, or the first `${…}` /
 * `%{…}` sequence it would evaluate (a value nobody can know before plan).
 */
export function readTemplate(template: string): TemplateReading {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const char = template[i];
    if ((char === '$' || char === '%') && template[i + 1] === char && template[i + 2] === '{') {
      out += `${char}{`;
      i += 2;
    } else if ((char === '$' || char === '%') && template[i + 1] === '{') {
      const end = template.indexOf('}', i);
      return { literal: false, interpolation: template.slice(i, end < 0 ? undefined : end + 1) };
    } else {
      out += char;
    }
  }
  return { literal: true, value: out };
}

/**
 * Applies `map` to every string of a value, object keys included (Terraform templates those too),
 * keeping only what JSON keeps: an undefined or function member is dropped, one in a list is null.
 */
export function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => (isJsonless(item) ? null : mapStrings(item, map)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const inner = (value as Record<string, unknown>)[key];
      if (!isJsonless(inner)) out[map(key)] = mapStrings(inner, map);
    }
    return out;
  }
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

const isJsonless = (value: unknown): boolean => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** The JSON value Terraform evaluates `value` to; `unresolved` lists `path: ${…}` of every string it cannot know before plan. */
export function evaluateTemplates(value: unknown, path = ''): { readonly value: unknown; readonly unresolved: readonly string[] } {
  const unresolved: string[] = [];
  const walk = (inner: unknown, at: string): unknown => {
    if (typeof inner === 'string') {
      const reading = readTemplate(inner);
      if (reading.literal) return reading.value;
      unresolved.push(`${at || '(value)'}: ${reading.interpolation}`);
      return inner;
    }
    if (Array.isArray(inner)) return inner.map((item, index) => walk(item, `${at}[${index}]`));
    if (inner !== null && typeof inner === 'object') {
      return Object.fromEntries(
        Object.entries(inner).map(([key, item]) => {
          const name = walk(key, at) as string;
          return [name, walk(item, at ? `${at}.${name}` : name)];
        }),
      );
    }
    return inner;
  };
  return { value: walk(value, path), unresolved };
}
