// A transport for tests: it answers every call with one reply and keeps the calls made.
import { setTransport, type Transport } from './transport';

export interface RecordedCall {
  method: string;
  args: unknown[];
}

/** Installs the fake transport (setTransport(null) removes it); returns the calls it receives. */
export function recordCalls(reply: unknown, name: Transport['name'] = 'http'): RecordedCall[] {
  const calls: RecordedCall[] = [];
  setTransport({
    name,
    call: async <T>(method: string, args: unknown[]) => {
      calls.push({ method, args });
      return reply as T;
    },
    on: () => () => {},
  });
  return calls;
}
