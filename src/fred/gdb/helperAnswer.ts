/** The JSON answer of a fred helper command (`fred-json: {...}` in its output; fredGdbHelpers.py); undefined when it gave none. */
export function helperAnswer(text: string): Record<string, unknown> | undefined {
  const json = /fred-json: (.*)/.exec(text)?.[1];
  return json ? (JSON.parse(json) as Record<string, unknown>) : undefined;
}
