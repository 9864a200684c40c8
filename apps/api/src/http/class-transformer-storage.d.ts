/**
 * class-transformer keeps its decorators' metadata in one storage, which its package exports only
 * from this file (as @nestjs/mapped-types reads it too); its type is the package's own.
 */
declare module 'class-transformer/cjs/storage.js' {
  export const defaultMetadataStorage: import('class-transformer/types/MetadataStorage.js').MetadataStorage;
}
