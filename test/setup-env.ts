// Run every test in a zone and locale unlike the usual CI default, so that any output depending on
// them would differ from the committed golden files and fail.
process.env.TZ = 'Asia/Shanghai';
process.env.LANG = 'tr_TR.UTF-8';
process.env.LC_ALL = 'tr_TR.UTF-8';
