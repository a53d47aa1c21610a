import { describe, expect, it } from 'vitest';
import { bodyText } from './message-view.js';

describe('bodyText (bodyPreview): the text of an HTML body, as a reader sees it', () => {
  it('decodes numeric and named references, joins inline tags, separates blocks', () => {
    const html = '<p>Ben &#60;ben@x.test&#62; wrote &#x201C;hi&#x201D; &amp; left</p><div>it is <b>over</b>due.</div><script>x()</script>';
    expect(bodyText({ contentType: 'HTML', content: html })).toBe('Ben <ben@x.test> wrote “hi” & left it is overdue.');
  });

  it('leaves text bodies and unknown references as they are', () => {
    expect(bodyText({ contentType: 'Text', content: 'a &#60; b  c' })).toBe('a &#60; b c');
    expect(bodyText({ contentType: 'HTML', content: '&bogus; &#xD800;' })).toBe('&bogus; \uFFFD');
  });
});
