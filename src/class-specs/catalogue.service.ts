import type { Category } from '../competency/category';
import type { Queryable } from '../db/types';
import * as repo from './catalogue.repository';

// The catalogue as other features read it (assessments, reports, reviews, career, training): classes,
// their versions and items. The importer (class-specs.service) owns the write side.

export type { CatalogueClass, CatalogueEntry, ClassVersion, RecentImport, SpecItem } from './catalogue.repository';

export function getVersion(db: Queryable, versionId: number): Promise<repo.ClassVersion | undefined> {
  return repo.getVersion(db, versionId);
}

export function getCurrentVersion(db: Queryable, classSpecId: number): Promise<repo.ClassVersion | undefined> {
  return repo.getCurrentVersion(db, classSpecId);
}

/** Items of a version in form order: category order, then document order. */
export function getItems(db: Queryable, versionId: number): Promise<repo.SpecItem[]> {
  return repo.getItems(db, versionId);
}

/** Items of several versions in one query, grouped by version, in form order. */
export function itemsByVersion(db: Queryable, versionIds: number[]): Promise<Map<number, repo.SpecItem[]>> {
  return repo.itemsByVersion(db, versionIds);
}

/** Every class with a current version, by title. */
export function listCatalogueClasses(db: Queryable): Promise<repo.CatalogueClass[]> {
  return repo.listCatalogueClasses(db);
}

/** A class with a current version, or undefined. */
export function findCatalogueClass(db: Queryable, classSpecId: number): Promise<repo.CatalogueClass | undefined> {
  return repo.findCatalogueClass(db, classSpecId);
}

/** Every class, id and title, by title. */
export function listClassTitles(db: Queryable): Promise<{ id: number; title: string }[]> {
  return repo.listClassTitles(db);
}

/** Classes that can be assessed, optionally filtered by title, code or family. */
export function searchCatalogue(db: Queryable, q: string): Promise<repo.CatalogueEntry[]> {
  return repo.searchCatalogue(db, q);
}

/** The version new assessments of a class use: the class's current version. */
export function currentVersionId(db: Queryable, classSpecId: number): Promise<number | undefined> {
  return repo.currentVersionId(db, classSpecId);
}

export function itemCountsByCategory(db: Queryable, versionId: number): Promise<Record<Category, number>> {
  return repo.itemCountsByCategory(db, versionId);
}

/** The latest class-spec imports, newest first (the administrator's home page). */
export function recentImports(db: Queryable, limit: number): Promise<repo.RecentImport[]> {
  return repo.recentImports(db, limit);
}

/** Classes nobody has been assessed against yet (submitted or reviewed): the first `limit` and the total. */
export function classesNeverAssessed(db: Queryable, limit: number): Promise<{ total: number; rows: { id: number; title: string }[] }> {
  return repo.classesNeverAssessed(db, limit);
}
