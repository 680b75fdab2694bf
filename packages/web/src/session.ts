const KEY = 'parley.token';

/**
 * The API token lives in sessionStorage (gone when the tab closes) unless the person asks to be
 * remembered on this device, then in localStorage. Sign-out clears both.
 */
export function loadToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY) ?? undefined;
}

export function saveToken(token: string, remember: boolean): void {
  clearToken();
  (remember ? localStorage : sessionStorage).setItem(KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
  localStorage.removeItem(KEY);
}
