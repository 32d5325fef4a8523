// XML 1.0 well-formedness for the reporters' tests, without a dependency:
// one root element, tags balanced and properly nested, attributes quoted and
// unique, every `&` a known entity or a character reference, no `<` in
// attribute values, no character XML 1.0 forbids. (Where xmllint is
// installed the tests ask it too.)

const NAME = "[A-Za-z_][A-Za-z0-9_.:-]*";
const REFERENCE = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/y;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function checkText(text: string, where: string): void {
  if (FORBIDDEN.test(text)) throw new Error(`${where}: a character XML 1.0 forbids`);
  for (let i = text.indexOf("&"); i >= 0; i = text.indexOf("&", i + 1)) {
    REFERENCE.lastIndex = i;
    if (!REFERENCE.test(text)) throw new Error(`${where}: a bare & at ${i}`);
  }
}

function checkAttributes(body: string, where: string): void {
  const seen = new Set<string>();
  const re = new RegExp(`\\s+(${NAME})\\s*=\\s*"([^"]*)"`, "y");
  let pos = 0;
  while (pos < body.length) {
    re.lastIndex = pos;
    const m = re.exec(body);
    if (!m) {
      if (body.slice(pos).trim() === "") return;
      throw new Error(`${where}: malformed attributes ${JSON.stringify(body.slice(pos))}`);
    }
    if (seen.has(m[1]!)) throw new Error(`${where}: attribute ${m[1]} twice`);
    seen.add(m[1]!);
    if (m[2]!.includes("<")) throw new Error(`${where}: < in attribute ${m[1]}`);
    checkText(m[2]!, `${where} attribute ${m[1]}`);
    pos = re.lastIndex;
  }
}

/** Throws with the first rule the document breaks. */
export function assertWellFormed(xml: string): void {
  let rest = xml.replace(/^<\?xml [^?]*\?>/, "");
  const stack: string[] = [];
  let roots = 0;
  const tag = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*"[^"]*")*)\\s*(/?)>`);
  while (rest.length > 0) {
    const lt = rest.indexOf("<");
    const text = lt < 0 ? rest : rest.slice(0, lt);
    if (stack.length === 0 && text.trim() !== "") throw new Error(`text outside the root: ${JSON.stringify(text.slice(0, 40))}`);
    checkText(text, `text in <${stack.at(-1) ?? "document"}>`);
    if (lt < 0) break;
    rest = rest.slice(lt);
    const m = tag.exec(rest);
    if (!m) throw new Error(`malformed tag at ${JSON.stringify(rest.slice(0, 60))}`);
    const [whole, close, name, attrs, selfClose] = m;
    checkAttributes(attrs!, `<${name}>`);
    if (close) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes nothing open`);
    } else {
      if (stack.length === 0 && ++roots > 1) throw new Error("more than one root element");
      if (!selfClose) stack.push(name!);
    }
    rest = rest.slice(whole!.length);
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)}> is never closed`);
  if (roots !== 1) throw new Error("no root element");
}
