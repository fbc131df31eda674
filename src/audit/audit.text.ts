// What the audit log page says in its own words (the details themselves come from the entries).

/** A class-spec statement named in an entry, by its kind. */
export const ITEM_KIND: Record<string, string> = {
  knowledge: 'knowledge',
  skill: 'skill',
  ability: 'ability',
  competency: 'competency',
};

export const AUDIT_TEXT = {
  /** The key shown instead of `itemId` when the statement was found. */
  item: 'item',
};
