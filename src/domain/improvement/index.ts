export * from './measures.ts';
export * from './rag.ts';
export * from './risk.ts';
export * from './audit-grades.ts';
export * from './model.ts';
