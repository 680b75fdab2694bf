/**
 * Worker-thread entry: hosts one text stage and runs the requests the main thread posts. A
 * request that never finishes only ever holds this thread, which the main thread terminates.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createTextStage } from './text-stage.js';
import { serializeError, type ThreadReply, type ThreadRequest, type ThreadData } from './thread-protocol.js';

const port = parentPort;
if (port === null) throw new Error('text-thread.js runs only as a worker thread');
const data = workerData as ThreadData;

try {
  const stage = await createTextStage({ modelsDir: data.modelsDir });
  port.on('message', (message: ThreadRequest) => {
    let reply: ThreadReply;
    try {
      const { task } = message;
      const result =
        task.type === 'process' ? stage.run(task.request) : stage.explain(task.punctuated, task.durationMs);
      reply = { type: 'result', id: message.id, result };
    } catch (error) {
      reply = { type: 'error', id: message.id, error: serializeError(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ type: 'ready', status: stage.status() } satisfies ThreadReply);
} catch (error) {
  port.postMessage({ type: 'failed', error: serializeError(error) } satisfies ThreadReply);
}
