/** A catalogue that cannot be opened: the message says why, in words a user can act on. */
export class CatalogueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogueError';
  }
}
