/** How JSON writes each control character (U+0000 to U+001F). */
const CONTROL: string[] = [];
for (let code = 0; code < 0x20; code++) CONTROL[code] = `\\u${code.toString(16).padStart(4, '0')}`;
CONTROL[0x08] = '\\b';
CONTROL[0x09] = '\\t';
CONTROL[0x0a] = '\\n';
CONTROL[0x0c] = '\\f';
CONTROL[0x0d] = '\\r';

/**
 * `text` as it goes between the quotes of a JSON string, exactly as `JSON.stringify(text)` writes it
 * there (lone surrogates escaped as `\udxxx`); the text itself when nothing needs escaping. Log lines and
 * HTTP replies are assembled from these instead of passing a fresh object through JSON.stringify, whose
 * generic walk cost the HTTP adapter more per request than the rest of its log line and reply together.
 */
function escapeJson(text: string): string {
  let escapedText = '';
  let from = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // JSON escapes control characters, `"`, `\` and surrogates that are not half of a pair; the rest stays.
    if (code < 0xd800 ? code >= 0x20 && code !== 0x22 && code !== 0x5c : code > 0xdfff) continue;
    let escaped: string;
    if (code === 0x22) {
      escaped = '\\"';
    } else if (code === 0x5c) {
      escaped = '\\\\';
    } else if (code < 0xd800) {
      escaped = CONTROL[code] as string;
    } else {
      // A high surrogate followed by a low one is a pair (one character) and stays.
      const next = text.charCodeAt(index + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        index++;
        continue;
      }
      escaped = `\\u${code.toString(16)}`;
    }
    escapedText += text.slice(from, index) + escaped;
    from = index + 1;
  }
  return escapedText + text.slice(from);
}

export { escapeJson };
