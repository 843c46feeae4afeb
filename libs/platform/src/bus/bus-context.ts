import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { BaseRpcContext } from '@nestjs/microservices';
import type { Actor } from '@gz/contracts';

type BusContextArgs = [subject: string, street: string, actor: Actor | undefined, headers: Record<string, string>];

/** What a bus handler knows about the request besides its payload. */
export class BusContext extends BaseRpcContext<BusContextArgs> {
  get subject(): string {
    return this.args[0];
  }
  get street(): string {
    return this.args[1];
  }
  get actor(): Actor | undefined {
    return this.args[2];
  }
  get headers(): Record<string, string> {
    return this.args[3];
  }
}

function busContext(ctx: ExecutionContext): BusContext {
  return ctx.switchToRpc().getContext<BusContext>();
}

/** The verified caller the gateway sent with the request (undefined for anonymous requests). */
export const CallerActor = createParamDecorator((_: unknown, ctx: ExecutionContext) => busContext(ctx).actor);

/** The street token of the subject the request came in on (`s01` or `all`). */
export const SubjectStreet = createParamDecorator((_: unknown, ctx: ExecutionContext) => busContext(ctx).street);
