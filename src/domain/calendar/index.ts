export { bankHolidays, easterSunday, isBankHoliday, BANK_HOLIDAY_EXCEPTIONS, type RegularHoliday } from './bank-holidays.ts';
export { addMonths, dayNumber, dayOfWeek, fromDayNumber } from './day-number.ts';
export {
  annualisationFactor,
  financialYearOf,
  isFinancialYear,
  isQuarter,
  parsePeriod,
  periodDays,
  previousPeriod,
  quartersOf,
  rangePeriod,
  samePeriodLastYear,
  twelveMonthsTo,
  QUARTERS,
  type FinancialYear,
  type Period,
  type Quarter,
} from './periods.ts';
export { addWorkingDays, isWorkingDay, workingDaysBetween, workingDaysBetweenDayNumbers } from './working-days.ts';
