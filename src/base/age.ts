// Age as people count it: whole years completed, not calendar years crossed.

/** Full years from `birth` to `at`: 1976-07-01 is 34 on 2011-06-30, not 35. UTC days. */
export function fullYears(birth: Date, at: Date): number {
  const years = at.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    at.getUTCMonth() < birth.getUTCMonth() ||
    (at.getUTCMonth() === birth.getUTCMonth() && at.getUTCDate() < birth.getUTCDate());
  return beforeBirthday ? years - 1 : years;
}
