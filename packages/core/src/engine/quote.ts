// Messages quote what a rule found in the document; these keep such quotes to a readable length.

/** Text quoted in a message past this many characters is shortened (see shortQuotes). */
const MAX_QUOTED = 60;

/**
 * A message as shown: text it quotes from the document (“…”) kept to its first 40 and last 10 characters. Rules quote
 * what they found, and a run of megabytes (5.6 million full-width digits on one line) made a message of megabytes,
 * twice over, in every report and in memory. The finding's range and fix still hold the whole of it. Found by
 * indexOf, not a regular expression: a repetition over megabytes overflows the expression engine's stack.
 */
export function shortQuotes(message: string): string {
  if (message.length <= MAX_QUOTED) return message;
  let out = '';
  let from = 0;
  for (let open = message.indexOf('“'); open >= 0; open = message.indexOf('“', from)) {
    const close = message.indexOf('”', open + 1);
    if (close < 0) break;
    const inner = message.indexOf('“', open + 1);
    // A quote inside this one: this “ pairs with nothing; go on from the inner one.
    if (inner >= 0 && inner < close) {
      out += message.slice(from, inner);
      from = inner;
      continue;
    }
    out += message.slice(from, open + 1);
    out +=
      close - open - 1 > MAX_QUOTED
        ? `${message.slice(open + 1, open + 41)}…${message.slice(close - 10, close)}`
        : message.slice(open + 1, close);
    out += '”';
    from = close + 1;
  }
  return from === 0 ? message : out + message.slice(from);
}
