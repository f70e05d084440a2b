// Ephemeral WebSocket tickets (agent-apis.md §1.1.1): minted by an authenticated POST, valid 60 s,
// good for one connection, so a page can open the socket without holding the key itself.
import { randomBytes } from 'node:crypto';

export const TICKET_TTL_S = 60;
/** Outstanding tickets are bounded: a client minting in a loop cannot grow memory for ever. */
const MAX_TICKETS = 1000;

export class TicketStore {
  readonly #expiry = new Map<string, number>();

  issue(now = Date.now()): { ticket: string; expires_in: number } {
    this.#prune(now);
    if (this.#expiry.size >= MAX_TICKETS) this.#expiry.delete(this.#expiry.keys().next().value!);
    const ticket = `tkt_${randomBytes(18).toString('base64url')}`;
    this.#expiry.set(ticket, now + TICKET_TTL_S * 1000);
    return { ticket, expires_in: TICKET_TTL_S };
  }

  /** True once per ticket, within its 60 s; the ticket is gone afterwards either way. */
  consume(ticket: string, now = Date.now()): boolean {
    const expiry = this.#expiry.get(ticket);
    this.#expiry.delete(ticket);
    return expiry !== undefined && now <= expiry;
  }

  #prune(now: number): void {
    for (const [ticket, expiry] of this.#expiry) if (expiry < now) this.#expiry.delete(ticket);
  }
}
