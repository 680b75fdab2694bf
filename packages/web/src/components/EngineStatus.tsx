import { useEffect, useState } from 'preact/hooks';

interface Component {
  name: string;
  ready: boolean;
  detail: string;
  remedy?: string;
}

/** What /readyz reports about the engine; only the parts the dashboard shows are read. */
function parseComponents(body: unknown): Component[] {
  const list = (body as { components?: unknown } | null)?.components;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (c): c is Component =>
      typeof c === 'object' && c !== null && typeof c.name === 'string' && typeof c.detail === 'string',
  );
}

/**
 * The recogniser in use and anything not ready, from /readyz: what a new install is doing (for
 * example downloading the recommended recogniser) and the command that fixes what is missing.
 */
export function EngineStatus() {
  const [components, setComponents] = useState<Component[]>([]);

  useEffect(() => {
    let stopped = false;
    const load = async (): Promise<void> => {
      try {
        const response = await fetch('/readyz', { signal: AbortSignal.timeout(10_000) });
        if (!stopped) setComponents(parseComponents(await response.json()));
      } catch {
        // The list and detail views report an unreachable server; this panel stays as it was.
      }
    };
    void load();
    // A first start may be downloading a recogniser: show its progress as it goes.
    const timer = setInterval(() => void load(), 15_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  const shown = components.filter((c) => c.name === 'speech recognition' || !c.ready);
  if (shown.length === 0) return null;
  return (
    <aside class="engine-status" aria-label="Engine status">
      <details>
        <summary>
          Engine: {shown.some((c) => !c.ready) ? 'something is missing' : 'ready'}
          {shown.some((c) => c.remedy !== undefined) ? ' (a better setup is available)' : ''}
        </summary>
        <ul>
          {shown.map((c) => (
            <li key={c.name}>
              <strong>{c.name}</strong>
              {c.ready ? '' : ' (not ready)'}: {c.detail}
              {c.remedy !== undefined && (
                <>
                  {' '}
                  Fix: <code>{c.remedy}</code>
                </>
              )}
            </li>
          ))}
        </ul>
      </details>
    </aside>
  );
}
