import fc from 'fast-check';

// Run every test in a zone and locale unlike the usual CI default, so that any output depending on
// them would differ from the committed golden files and fail.
process.env.TZ = 'Asia/Shanghai';
process.env.LANG = 'tr_TR.UTF-8';
process.env.LC_ALL = 'tr_TR.UTF-8';

// End of life is judged on today's date (src/config/today.ts): every test runs on the day the version data were
// checked, so that messages do not change as the calendar moves. Tests of other days set their own.
process.env.ACK_HYBRID_TODAY = '2026-12-07';

// Property tests (fast-check) print their seed when they fail; TEST_SEED replays one run, as it does for
// the kill tests (test/support/random.ts). configureGlobal({ seed }): fast-check 4.10.2, lib/fast-check.d.ts.
if (process.env.TEST_SEED) fc.configureGlobal({ seed: Number(process.env.TEST_SEED) });
