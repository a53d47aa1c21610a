/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Wraps page content; no script, so every page works without JavaScript. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f2f2f2;margin:0}
main{max-width:440px;margin:48px auto;background:#fff;padding:32px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:1.4rem;font-weight:600}
button{display:block;width:100%;margin:8px 0;padding:10px;text-align:left;font-size:1rem;cursor:pointer}
.note{color:#a4262c}.muted{color:#605e5c;font-size:.85rem;word-break:break-all}
.banner{font-size:.75rem;color:#605e5c;text-transform:uppercase;letter-spacing:.1em}
</style>
</head>
<body><main><p class="banner">Mailbridge Microsoft emulator</p>
${body}
</main></body>
</html>
`;
}
