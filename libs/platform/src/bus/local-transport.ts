import { BusTransportError, subjectMatches, type BusMessage, type BusResponder, type BusTransport } from './transport';

interface Member {
  subjects: string[];
  queue: string;
  responder: BusResponder;
}

/**
 * The in-process bus for standalone mode: the same subjects, street selection, timeouts and
 * errors as NATS, without a server. Bodies stay JSON text so nothing is shared by reference.
 */
export class LocalBusTransport implements BusTransport {
  private static readonly byRoot = new Map<string, LocalBusTransport>();

  /** One in-process bus per bus root, shared by every Nest app of the process (as NATS would be). */
  static shared(root: string): LocalBusTransport {
    let bus = LocalBusTransport.byRoot.get(root);
    if (!bus) {
      bus = new LocalBusTransport();
      LocalBusTransport.byRoot.set(root, bus);
    }
    return bus;
  }

  readonly kind = 'local' as const;
  private members: Member[] = [];
  private turn = 0;

  async request(subject: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<string> {
    const candidates = this.members.filter((m) => m.subjects.some((p) => subjectMatches(p, subject)));
    if (candidates.length === 0) throw new BusTransportError('unavailable', `No service answers ${subject}`);
    // Like a NATS queue group: one member of the first group answers, in turn.
    const group = candidates.filter((m) => m.queue === candidates[0].queue);
    const member = group[this.turn++ % group.length];
    const message: BusMessage = { subject, body, headers: { ...headers } };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BusTransportError('timeout', `${subject} did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      // Answer on a later turn of the event loop, as a network would.
      return await Promise.race([new Promise<void>((r) => setImmediate(r)).then(() => member.responder(message)), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async serve(subjects: string[], queue: string, responder: BusResponder): Promise<() => Promise<void>> {
    const member: Member = { subjects, queue, responder };
    this.members.push(member);
    return async () => {
      this.members = this.members.filter((m) => m !== member);
    };
  }

  isConnected(): boolean {
    return true;
  }

  async close(): Promise<void> {
    // Shared with other apps of the process: each app leaves through the stop function `serve` gave it.
  }
}
