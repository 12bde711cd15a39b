/**
 * How JSON writes each character that it escapes: the control characters, `"` and `\`. Every other
 * character below U+005D is written as is (undefined here).
 */
const ESCAPED: (string | undefined)[] = [];
for (let code = 0; code < 0x20; code++) ESCAPED[code] = `\\u${code.toString(16).padStart(4, '0')}`;
ESCAPED[0x08] = '\\b';
ESCAPED[0x09] = '\\t';
ESCAPED[0x0a] = '\\n';
ESCAPED[0x0c] = '\\f';
ESCAPED[0x0d] = '\\r';
ESCAPED[0x22] = '\\"';
ESCAPED[0x5c] = '\\\\';

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
    let escaped: string | undefined;
    if (code < 0x5d) {
      escaped = ESCAPED[code];
    } else if (code >= 0xd800 && code <= 0xdfff) {
      // A high surrogate followed by a low one is a pair (one character) and stays; any other is escaped.
      const next = text.charCodeAt(index + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        index++;
        continue;
      }
      escaped = `\\u${code.toString(16)}`;
    }
    if (escaped === undefined) continue;
    escapedText += text.slice(from, index) + escaped;
    from = index + 1;
  }
  return escapedText + text.slice(from);
}

export { escapeJson };
