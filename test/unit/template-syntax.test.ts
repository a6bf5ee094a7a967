import { describe, expect, it } from 'vitest';
import { applySections, parseTemplate, type Placeholder } from '../../functions/src/signatures/template-syntax.js';

const render = (source: string, present: Placeholder[]) => {
  const { nodes, errors } = parseTemplate(source);
  expect(errors).toEqual([]);
  return applySections(nodes, (name) => present.includes(name));
};

describe('template sections and joins', () => {
  it('keeps a section when any of its fields has a value', () => {
    const tpl = '{{#workPhone|mobilePhone}}Phones: {{workPhone}}{{/workPhone|mobilePhone}}';
    expect(render(tpl, ['mobilePhone'])).toBe('Phones: {{workPhone}}');
    expect(render(tpl, [])).toBe('');
  });

  it('nests joins in sections and sections in joins, placing separators only between kept parts', () => {
    const tpl = '{{#title}}<p>{{#join ", "}}{{title}}{{,}}{{#groups}}<i>{{groups}}</i>{{/groups}}{{,}}   {{/join}}</p>{{/title}}';
    expect(render(tpl, ['title', 'groups'])).toBe('<p>{{title}}, <i>{{groups}}</i></p>');
    expect(render(tpl, ['title'])).toBe('<p>{{title}}</p>');
    expect(render(tpl, ['groups'])).toBe('');
  });

  it('treats a part of only markup and empty placeholders as blank', () => {
    const tpl = '{{#join " | "}}<b>{{title}}</b>{{,}}&nbsp;{{,}}{{email}}{{/join}}';
    expect(render(tpl, ['email'])).toBe('{{email}}');
    expect(render(tpl, ['email', 'title'])).toBe('<b>{{title}}</b> | {{email}}');
  });
});
