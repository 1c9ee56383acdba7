import type { ChannelState } from '../chat/events';

/**
 * The channel interface (docs/channels.md "The interface"): a transport that delivers buyers'
 * messages and order events to Xiaoniu and takes our side's messages to buyers. The simulator
 * implements it today; the auto-reply engine sends through the outbox, which sends through it; a
 * network channel (XMPP) will implement the same five members. Nothing here touches the database:
 * the inbox (inbox.ts) stores what a channel delivers, the outbox (main/chat/outbox.ts) decides
 * what to send and when.
 */

/** A buyer's message as a channel delivers it. */
export interface IncomingMessage {
  /** The buyer's id on this channel (glossary `buyerId`). */
  buyerId: string;
  /** The buyer's display name, when the channel knows it. */
  nickname?: string;
  body: string;
  /**
   * The channel's own id for this message, unique per buyer: a redelivery (after a reconnect, a
   * server's retry) carries the same id and is dropped before anything else sees it.
   */
  channelMessageId: string;
  /** Marked as sent by a program by the sender's side (another shop's bot that says so). */
  automatic?: boolean;
  /** When it was written, ms since the epoch; default: when it arrived. */
  at?: number;
}

/** An order event (下单 placed, 付款 paid) as a channel delivers it. */
export interface IncomingOrder {
  buyerId: string;
  nickname?: string;
  /** Amount in fen (分), a non-negative integer. */
  amountFen: number;
  paid: boolean;
  /** ms since the epoch; default: when it arrived. */
  at?: number;
}

/** One of our side's messages (the agent's or an auto-reply) to hand to the channel. */
export interface OutgoingMessage {
  /** The stored message's id (for logs; the channel does not need it). */
  messageId: number;
  /**
   * Our id for this message, the same on every attempt. A channel MUST deliver a message once
   * per clientId: a second send with a clientId it has already taken resolves with the first
   * channel message id and delivers nothing (the outbox resends after a crash between the channel
   * taking a message and the database recording it as sent). XMPP: the `origin-id` of XEP-0359.
   */
  clientId: string;
  buyerId: string;
  body: string;
  /**
   * Sent by a program on the agent's behalf (an auto-reply): carried in the channel's payload so
   * the buyer's side, and anyone measuring, can tell it from the agent's own words (glossary
   * `automatic`; XMPP marker `urn:xiaoniu:auto:0`).
   */
  automatic: boolean;
}

/** Where a connected channel reports what happens; set by {@link Channel.connect}. */
export interface ChannelSink {
  message(m: IncomingMessage): void;
  order(o: IncomingOrder): void;
  /** Every change of {@link Channel.state}; `reason` a catalogue code (errors.`reason`) when an error caused it. */
  state(state: ChannelState, reason?: string): void;
}

/** A transport between Xiaoniu and buyers. */
export interface Channel {
  /** The channel's name as stored on its buyers (`buyer.channel`): `simulator`, `xmpp`. */
  readonly name: string;
  /** The connection state now. */
  readonly state: ChannelState;
  /**
   * Connects and starts reporting to `sink`. Resolves once connected; rejects with a
   * `XiaoniuError` (catalogue code) when it cannot connect (it may keep retrying on its own and
   * report `state` changes meanwhile).
   */
  connect(sink: ChannelSink): Promise<void>;
  /** Disconnects; nothing is reported after it resolves. Safe to call twice. */
  disconnect(): Promise<void>;
  /**
   * Hands one message to the channel. Resolves with the channel's id for it once the channel has
   * taken it (for the simulator, the buyer has it; for XMPP, the server acknowledged the stanza);
   * rejects with a `XiaoniuError` whose code says why — {@link PERMANENT_SEND_ERRORS} are not
   * retried, anything else is. See {@link OutgoingMessage.clientId} for the once-only duty.
   */
  send(m: OutgoingMessage): Promise<{ channelMessageId: string }>;
}

/**
 * Send errors a retry cannot cure: the outbox marks the message failed at once (发送失败) instead of
 * backing off. `channel.unreachable`: no running channel reaches this buyer (a buyer imported from
 * a transcript, a channel that is switched off); `channel.rejected`: the channel refused this
 * message for good (a server's policy, a buyer who blocked the shop).
 */
export const PERMANENT_SEND_ERRORS: ReadonlySet<string> = new Set(['channel.unreachable', 'channel.rejected']);
