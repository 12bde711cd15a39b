// Small helpers shared by the console's panels. Every value from the tier enters the page as text
// (textContent), never as HTML: message bodies are untrusted.

const token = document.querySelector('meta[name="console-token"]').content;

function $(id) {
  return document.getElementById(id);
}

/** A new element with text (never HTML) and attributes. */
function el(tag, text, attributes) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  return node;
}

function row(cells) {
  const tr = document.createElement('tr');
  for (const cell of cells) tr.append(cell instanceof Node ? cell : el('td', cell));
  return tr;
}

function notify(lines, isError) {
  const notice = $('notice');
  notice.textContent = '';
  notice.dataset.kind = isError ? 'error' : 'ok';
  notice.append(el('strong', isError ? 'Error: ' : 'Done: '));
  for (const line of [].concat(lines)) notice.append(el('div', line));
}

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: method === 'POST' ? { 'content-type': 'application/json', 'x-console-token': token } : {},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const result = await response.json();
  if (!response.ok)
    throw new Error(result.error ? `${result.error.name}: ${result.error.message}` : response.statusText);
  return result;
}

async function act(path, body) {
  try {
    const result = await call('POST', path, body);
    notify(result.lines, false);
    return result;
  } catch (error) {
    notify(error.message, true);
    return undefined;
  }
}

function number(value) {
  return value === undefined || value === null ? '–' : String(value);
}

export { $, act, call, el, notify, number, row };
