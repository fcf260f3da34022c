/**
 * SharePoint groups, group membership, unique-permission scopes and role assignments, persisted in
 * the store's SQLite file in tables of their own.
 *
 * A scope is the web (`web`), a list (`list:<guid>`) or an item (`item:<guid>:<id>`). The web always
 * has unique permissions; a list or item has them only after `breakroleinheritance`, until
 * `resetroleinheritance`. Users and groups share one principal id space, as in SharePoint.
 */
import type { SqlRunner, Store } from './store';

export type SpGroup = {
  id: number;
  title: string;
  description: string;
  /** Principal id (user or group) that owns the group. */
  ownerId: number;
  allowMembersEditMembership: boolean;
  onlyAllowMembersViewMembership: boolean;
};

export type RoleAssignmentRow = { principalId: number; roleDefId: number };

const schema = `
CREATE TABLE IF NOT EXISTS sp_groups (
  id INTEGER PRIMARY KEY, title TEXT NOT NULL UNIQUE COLLATE NOCASE, description TEXT NOT NULL,
  owner_id INTEGER NOT NULL, allow_members_edit INTEGER NOT NULL, only_members_view INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sp_group_members (
  group_id INTEGER NOT NULL, user_id INTEGER NOT NULL, PRIMARY KEY (group_id, user_id));
CREATE TABLE IF NOT EXISTS sp_unique_scopes (scope TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS sp_role_assignments (
  scope TEXT NOT NULL, principal_id INTEGER NOT NULL, role_def_id INTEGER NOT NULL,
  PRIMARY KEY (scope, principal_id, role_def_id));
`;

type GroupDbRow = {
  id: number;
  title: string;
  description: string;
  owner_id: number;
  allow_members_edit: number;
  only_members_view: number;
};

function toGroup(r: GroupDbRow): SpGroup {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    ownerId: r.owner_id,
    allowMembersEditMembership: r.allow_members_edit === 1,
    onlyAllowMembersViewMembership: r.only_members_view === 1,
  };
}

export const webScope = 'web';

export function listScope(listId: string): string {
  return `list:${listId}`;
}

export function itemScope(listId: string, itemId: number): string {
  return `item:${listId}:${itemId}`;
}

/** Groups, memberships and role assignments of one site. */
export class SecurityStore {
  private readonly sql: SqlRunner;

  constructor(private readonly store: Store) {
    this.sql = store.sql();
    this.sql.exec(schema);
    this.sql.run('INSERT OR IGNORE INTO sp_unique_scopes (scope) VALUES (?)', webScope);
  }

  /** The next free principal id: users and groups never share one. */
  nextPrincipalId(): number {
    const row = this.sql.get(
      'SELECT MAX(m) AS m FROM (SELECT MAX(id) AS m FROM users UNION ALL SELECT MAX(id) AS m FROM sp_groups)',
    ) as { m: number | null };
    return Math.max(row.m ?? 6, 6) + 1;
  }

  isPrincipalIdTaken(id: number): boolean {
    return Boolean(this.groupById(id) ?? this.store.userById(id));
  }

  groups(): SpGroup[] {
    return (this.sql.all('SELECT * FROM sp_groups ORDER BY id') as GroupDbRow[]).map(toGroup);
  }

  groupById(id: number): SpGroup | undefined {
    const r = this.sql.get('SELECT * FROM sp_groups WHERE id = ?', id) as GroupDbRow | undefined;
    return r ? toGroup(r) : undefined;
  }

  groupByTitle(title: string): SpGroup | undefined {
    const r = this.sql.get('SELECT * FROM sp_groups WHERE title = ?', title) as GroupDbRow | undefined;
    return r ? toGroup(r) : undefined;
  }

  /** Inserts or replaces a group by id. */
  saveGroup(g: SpGroup): SpGroup {
    this.sql.run(
      `INSERT INTO sp_groups (id, title, description, owner_id, allow_members_edit, only_members_view)
         VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET title = excluded.title,
         description = excluded.description, owner_id = excluded.owner_id,
         allow_members_edit = excluded.allow_members_edit, only_members_view = excluded.only_members_view`,
      g.id,
      g.title,
      g.description,
      g.ownerId,
      g.allowMembersEditMembership ? 1 : 0,
      g.onlyAllowMembersViewMembership ? 1 : 0,
    );
    return this.groupById(g.id) as SpGroup;
  }

  /** Removes a group with its memberships and every role assignment it held. */
  deleteGroup(id: number): void {
    this.store.transaction(() => {
      this.sql.run('DELETE FROM sp_group_members WHERE group_id = ?', id);
      this.sql.run('DELETE FROM sp_role_assignments WHERE principal_id = ?', id);
      this.sql.run('DELETE FROM sp_groups WHERE id = ?', id);
    });
  }

  memberIds(groupId: number): number[] {
    return (
      this.sql.all('SELECT user_id FROM sp_group_members WHERE group_id = ? ORDER BY user_id', groupId) as {
        user_id: number;
      }[]
    ).map((r) => r.user_id);
  }

  groupsOf(userId: number): SpGroup[] {
    return (
      this.sql.all(
        'SELECT g.* FROM sp_groups g JOIN sp_group_members m ON m.group_id = g.id WHERE m.user_id = ? ORDER BY g.id',
        userId,
      ) as GroupDbRow[]
    ).map(toGroup);
  }

  addMember(groupId: number, userId: number): void {
    this.sql.run('INSERT OR IGNORE INTO sp_group_members (group_id, user_id) VALUES (?, ?)', groupId, userId);
  }

  removeMember(groupId: number, userId: number): void {
    this.sql.run('DELETE FROM sp_group_members WHERE group_id = ? AND user_id = ?', groupId, userId);
  }

  hasUniqueScope(scope: string): boolean {
    return this.sql.get('SELECT scope FROM sp_unique_scopes WHERE scope = ?', scope) !== undefined;
  }

  assignments(scope: string): RoleAssignmentRow[] {
    return (
      this.sql.all(
        'SELECT principal_id, role_def_id FROM sp_role_assignments WHERE scope = ? ORDER BY principal_id, role_def_id',
        scope,
      ) as { principal_id: number; role_def_id: number }[]
    ).map((r) => ({ principalId: r.principal_id, roleDefId: r.role_def_id }));
  }

  addAssignment(scope: string, principalId: number, roleDefId: number): void {
    this.sql.run(
      'INSERT OR IGNORE INTO sp_role_assignments (scope, principal_id, role_def_id) VALUES (?, ?, ?)',
      scope,
      principalId,
      roleDefId,
    );
  }

  removeAssignment(scope: string, principalId: number, roleDefId?: number): void {
    if (roleDefId === undefined)
      this.sql.run(
        'DELETE FROM sp_role_assignments WHERE scope = ? AND principal_id = ?',
        scope,
        principalId,
      );
    else
      this.sql.run(
        'DELETE FROM sp_role_assignments WHERE scope = ? AND principal_id = ? AND role_def_id = ?',
        scope,
        principalId,
        roleDefId,
      );
  }

  /**
   * Gives a scope its own permissions, `assigned` (a copy of the parent's, or the caller alone),
   * unless it has them already; with `clearItemsOf` the list's items inherit again. One transaction
   * (callers must not wrap it in another).
   */
  breakInheritance(scope: string, assigned: RoleAssignmentRow[], clearItemsOf?: string): void {
    this.store.transaction(() => {
      if (!this.hasUniqueScope(scope)) {
        this.sql.run('INSERT INTO sp_unique_scopes (scope) VALUES (?)', scope);
        for (const a of assigned) this.addAssignment(scope, a.principalId, a.roleDefId);
      }
      if (clearItemsOf !== undefined) {
        for (const id of this.uniqueItemIds(clearItemsOf)) this.dropScope(itemScope(clearItemsOf, id));
      }
    });
  }

  /** Makes a scope inherit again, dropping its own assignments. */
  resetInheritance(scope: string): void {
    this.store.transaction(() => this.dropScope(scope));
  }

  private dropScope(scope: string): void {
    this.sql.run('DELETE FROM sp_role_assignments WHERE scope = ?', scope);
    this.sql.run('DELETE FROM sp_unique_scopes WHERE scope = ?', scope);
  }

  /** Unique item scopes of a list (item ids), for trimming queries and clearing subscopes. */
  uniqueItemIds(listId: string): number[] {
    const prefix = `item:${listId}:`;
    return (
      this.sql.all(
        'SELECT scope FROM sp_unique_scopes WHERE substr(scope, 1, ?) = ?',
        prefix.length,
        prefix,
      ) as {
        scope: string;
      }[]
    ).map((r) => Number(r.scope.slice(prefix.length)));
  }

  /** Unique list scopes (list ids). */
  uniqueListIds(): string[] {
    return (
      this.sql.all("SELECT scope FROM sp_unique_scopes WHERE substr(scope, 1, 5) = 'list:'") as {
        scope: string;
      }[]
    ).map((r) => r.scope.slice(5));
  }

  /** Forgets a deleted list's scope and its items' scopes. */
  dropList(listId: string): void {
    this.store.transaction(() => {
      for (const id of this.uniqueItemIds(listId)) this.dropScope(itemScope(listId, id));
      this.dropScope(listScope(listId));
    });
  }

  /** Forgets a deleted item's scope. */
  dropItem(listId: string, itemId: number): void {
    this.store.transaction(() => this.dropScope(itemScope(listId, itemId)));
  }
}
