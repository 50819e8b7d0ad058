import { Injectable } from '@nestjs/common';

/**
 * The current time, injected so services that depend on "today" (deadline clocks, reminders, weekly runs)
 * can be driven to a chosen moment in tests instead of reading the system clock directly.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
