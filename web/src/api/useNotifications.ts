import { useEffect, useState } from 'react';
import { getJson, sendJson } from './http.js';
import { type Remote, useRemote } from './useRemote.js';

/** One entry of the signed-in person's inbox (GET /api/v1/notifications). */
export interface InboxItem {
  readonly id: string;
  readonly event_type: string;
  readonly entity: string;
  readonly entity_id: string;
  readonly occurred_at: string;
  readonly read_at: string | null;
  readonly yours: boolean;
  readonly label: string | null;
  readonly quantity: number | null;
  readonly unit: string | null;
  readonly link: string;
  readonly message: string;
}

export interface Inbox {
  readonly items: readonly InboxItem[];
  readonly unread: number;
}

/** Fired after the inbox changed here (marked read), so the bell counts again at once. */
const CHANGED = 'aidgrid:inbox-changed';
const POLL_MS = 30_000;

/** The unread count for the bell: asked now, every 30 s and after a change; undefined signed out. */
export function useUnreadCount(signedIn: boolean): number | undefined {
  const [count, setCount] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (!signedIn) {
      setCount(undefined);
      return;
    }
    const controller = new AbortController();
    const ask = () =>
      getJson<{ unread: number }>('/api/v1/notifications/unread', { signal: controller.signal }).then(
        (answer) => setCount(answer.unread),
        () => undefined,
      );
    void ask();
    const timer = setInterval(() => void ask(), POLL_MS);
    window.addEventListener(CHANGED, ask);
    return () => {
      controller.abort();
      clearInterval(timer);
      window.removeEventListener(CHANGED, ask);
    };
  }, [signedIn]);
  return count;
}

/** The inbox, newest first; `version` asks again. */
export function useInbox(unreadOnly: boolean, version: number): Remote<Inbox> {
  const url = `/api/v1/notifications?limit=100${unreadOnly ? '&unread=true' : ''}`;
  return useRemote(`${url}#${version}`, (signal) => getJson<Inbox>(url, { signal }));
}

/** Marks the given notifications (or all) read. */
export async function markRead(ids: readonly string[] | 'all'): Promise<void> {
  await sendJson('POST', '/api/v1/notifications/read', ids === 'all' ? { all: true } : { ids });
  window.dispatchEvent(new Event(CHANGED));
}
