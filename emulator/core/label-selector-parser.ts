/**
 * The label-selector string grammar, as k8s.io/apimachinery/pkg/labels/selector.go lexes and
 * parses it (same tokens, same recursive descent, same error texts): `?labelSelector=` on list
 * and watch. Requirements are built and checked by ./label-selectors.ts; a parse error is an
 * ApiError 400 BadRequest with upstream's message.
 */
import { badRequest } from './errors';
import {
  fieldInvalidText,
  newRequirement,
  SelectorError,
  type LabelOperator,
  type LabelRequirement,
  type LabelRequirements,
} from './label-selectors';
import { isQualifiedName } from './names';

type Token =
  'error' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';

const STRING_TO_TOKEN: Record<string, Token> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  in: 'in',
  '<': '<',
  '!=': '!=',
  notin: 'notin',
  '(': '(',
};

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string) =>
  ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<';

function lex(input: string): { tok: Token; lit: string }[] {
  // Go indexes bytes; label selectors are ASCII in practice, and a multi-byte character is
  // simply part of an identifier in both.
  const items: { tok: Token; lit: string }[] = [];
  let pos = 0;
  const read = () => (pos < input.length ? input[pos++]! : '');
  for (;;) {
    let ch = read();
    while (ch !== '' && isWhitespace(ch)) ch = read();
    if (ch === '') {
      items.push({ tok: 'eos', lit: '' });
      return items;
    }
    pos--;
    if (isSpecial(ch)) {
      let buffer = '';
      let last: { tok: Token; lit: string } | undefined;
      for (;;) {
        const c = read();
        if (c === '') break;
        if (isSpecial(c)) {
          buffer += c;
          const t = STRING_TO_TOKEN[buffer];
          if (t) last = { tok: t, lit: buffer };
          else if (last) {
            pos--;
            break;
          }
        } else {
          pos--;
          break;
        }
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buffer}'` });
    } else {
      let buffer = '';
      for (;;) {
        const c = read();
        if (c === '') break;
        if (isSpecial(c) || isWhitespace(c)) {
          pos--;
          break;
        }
        buffer += c;
      }
      items.push({ tok: STRING_TO_TOKEN[buffer] ?? 'id', lit: buffer });
    }
  }
}

/** Parses a label selector string exactly as labels.Parse does; throws ApiError 400. */
export function parseLabelSelector(input: string): LabelRequirements {
  try {
    return parseLabelSelectorOrThrow(input);
  } catch (error) {
    if (error instanceof SelectorError) throw badRequest(error.message);
    throw error;
  }
}

function parseLabelSelectorOrThrow(input: string): LabelRequirements {
  const items = lex(input);
  let position = 0;
  // In the Values context, the keywords in/notin are identifiers.
  const look = (values: boolean) => {
    const item = items[position] ?? { tok: 'eos' as Token, lit: '' };
    const tok = values && (item.tok === 'in' || item.tok === 'notin') ? 'id' : item.tok;
    return { tok, lit: item.lit };
  };
  const consume = (values: boolean) => {
    const r = look(values);
    position++;
    return r;
  };

  const parseKeyAndInferOperator = (): { key: string; operator: LabelOperator | undefined } => {
    let operator: LabelOperator | undefined;
    let { tok, lit } = consume(true);
    if (tok === '!') {
      operator = '!';
      ({ tok, lit } = consume(true));
    }
    if (tok !== 'id') throw new SelectorError(`found '${lit}', expected: identifier`);
    const keyErrs = isQualifiedName(lit);
    if (keyErrs.length) throw new SelectorError(fieldInvalidText('<nil>', lit, keyErrs.join('; ')));
    const next = look(true).tok;
    if ((next === 'eos' || next === ',') && operator !== '!') operator = 'exists';
    return { key: lit, operator };
  };

  const parseOperator = (): LabelOperator => {
    const { tok, lit } = consume(false);
    switch (tok) {
      case 'in':
        return 'in';
      case '=':
        return '=';
      case '==':
        return '==';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      case 'notin':
        return 'notin';
      case '!=':
        return '!=';
      default:
        throw new SelectorError(`found '${lit}', expected: '=', '!=', '==', 'in', notin'`);
    }
  };

  const parseIdentifiersList = (): Set<string> => {
    const s = new Set<string>();
    for (;;) {
      const { tok, lit } = consume(true);
      if (tok === 'id') {
        s.add(lit);
        const next = look(true);
        if (next.tok === ',') continue;
        if (next.tok === ')') return s;
        throw new SelectorError(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok === ',') {
        if (s.size === 0) s.add('');
        const next = look(true).tok;
        if (next === ')') {
          s.add('');
          return s;
        }
        if (next === ',') {
          consume(true);
          s.add('');
        }
      } else {
        throw new SelectorError(`found '${lit}', expected: ',', or identifier`);
      }
    }
  };

  const parseValues = (): Set<string> => {
    const open = consume(true);
    if (open.tok !== '(') throw new SelectorError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = look(true);
    if (tok === 'id' || tok === ',') {
      const s = parseIdentifiersList();
      if (consume(true).tok !== ')') throw new SelectorError(`found '${lit}', expected: ')'`);
      return s;
    }
    if (tok === ')') {
      consume(true);
      return new Set(['']);
    }
    throw new SelectorError(`found '${lit}', expected: ',', ')' or identifier`);
  };

  const parseExactValue = (): Set<string> => {
    const next = look(true).tok;
    if (next === 'eos' || next === ',') return new Set(['']);
    const { tok, lit } = consume(true);
    if (tok === 'id') return new Set([lit]);
    throw new SelectorError(`found '${lit}', expected: identifier`);
  };

  const parseRequirement = (): LabelRequirement => {
    const { key, operator } = parseKeyAndInferOperator();
    if (operator === 'exists' || operator === '!') return newRequirement(key, operator, []);
    const op = parseOperator();
    const values = op === 'in' || op === 'notin' ? parseValues() : parseExactValue();
    return newRequirement(key, op, [...values].sort());
  };

  const requirements: LabelRequirement[] = [];
  for (;;) {
    const { tok, lit } = look(true);
    if (tok === 'id' || tok === '!') {
      try {
        requirements.push(parseRequirement());
      } catch (error) {
        if (error instanceof SelectorError) {
          throw new SelectorError(`unable to parse requirement: ${error.message}`);
        }
        throw error;
      }
      const t = consume(true);
      if (t.tok === 'eos') break;
      if (t.tok === ',') {
        const t2 = look(true);
        if (t2.tok !== 'id' && t2.tok !== '!') {
          throw new SelectorError(`found '${t2.lit}', expected: identifier after ','`);
        }
      } else {
        throw new SelectorError(`found '${t.lit}', expected: ',' or 'end of string'`);
      }
    } else if (tok === 'eos') {
      break;
    } else {
      throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
    }
  }
  return requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
