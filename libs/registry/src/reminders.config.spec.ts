import { ConfigError, loadConfig } from '@gz/platform';
import { ReminderConfig } from './reminders.config';

describe('ReminderConfig', () => {
  it('polls every minute by default; 0 disables the poller; a wrong value names the variable', () => {
    expect(loadConfig(ReminderConfig, {}).REMINDER_POLL_MS).toBe(60_000);
    expect(loadConfig(ReminderConfig, { REMINDER_POLL_MS: '0' }).REMINDER_POLL_MS).toBe(0);
    expect(() => loadConfig(ReminderConfig, { REMINDER_POLL_MS: '-5' })).toThrow(ConfigError);
    expect(() => loadConfig(ReminderConfig, { REMINDER_POLL_MS: 'soon' })).toThrow(/REMINDER_POLL_MS/);
  });
});
