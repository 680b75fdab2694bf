import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1 that records every call and answers with the status `answer` picks. */
export interface WebhookReceiver {
  url: string;
  port: number;
  calls: ReceivedCall[];
  /** Status for the next call; by default 204. */
  answer: (call: ReceivedCall) => number;
  /** Resolves once `predicate` holds for the calls received, or rejects after `deadlineMs`. */
  waitFor(predicate: (calls: ReceivedCall[]) => boolean, deadlineMs?: number): Promise<ReceivedCall[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  const waiters = new Set<() => void>();
  const receiver: WebhookReceiver = {
    url: '',
    port: 0,
    calls,
    answer: () => 204,
    waitFor(predicate, deadlineMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(calls)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(calls);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `webhook receiver: condition not met within ${deadlineMs} ms; got ${JSON.stringify(calls)}`,
            ),
          );
        }, deadlineMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const call = { path: request.url ?? '', headers: request.headers, body };
      calls.push(call);
      response.statusCode = receiver.answer(call);
      response.end();
      for (const waiter of [...waiters]) waiter();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}`;
  return receiver;
}
