// Times as people here read them: local time, "2011-07-01 10:03:04" (the log lines, the lock's owner).
export const timestamp = (d = new Date()) => d.toLocaleString('sv-SE');
