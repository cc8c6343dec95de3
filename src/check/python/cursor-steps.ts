import type { Tree, TreeCursor } from 'web-tree-sitter';

/** The moves and reads of a tree cursor that copying a syntax tree needs, all about the current node. */
export interface CursorSteps {
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  typeId(): number;
  /** 0 when the node fills no field of its parent. */
  fieldId(): number;
  /** In UTF-16 code units of the source, as web-tree-sitter counts. */
  startIndex(): number;
  endIndex(): number;
  isNamed(): boolean;
  isMissing(): boolean;
}

/** web-tree-sitter's public TreeCursor: every read marshals the cursor into WASM memory and back. */
export function publicSteps(cursor: TreeCursor): CursorSteps {
  return {
    gotoFirstChild: () => cursor.gotoFirstChild(),
    gotoNextSibling: () => cursor.gotoNextSibling(),
    gotoParent: () => cursor.gotoParent(),
    typeId: () => cursor.nodeTypeId,
    fieldId: () => cursor.currentFieldId,
    startIndex: () => cursor.startIndex,
    endIndex: () => cursor.endIndex,
    isNamed: () => cursor.nodeIsNamed,
    isMissing: () => cursor.nodeIsMissing,
  };
}

type CursorFunction = (tree: number) => number;

const FUNCTIONS = {
  gotoFirstChild: '_ts_tree_cursor_goto_first_child_wasm',
  gotoNextSibling: '_ts_tree_cursor_goto_next_sibling_wasm',
  gotoParent: '_ts_tree_cursor_goto_parent_wasm',
  typeId: '_ts_tree_cursor_current_node_type_id_wasm',
  fieldId: '_ts_tree_cursor_current_field_id_wasm',
  startIndex: '_ts_tree_cursor_start_index_wasm',
  endIndex: '_ts_tree_cursor_end_index_wasm',
  isNamed: '_ts_tree_cursor_current_node_is_named_wasm',
  isMissing: '_ts_tree_cursor_current_node_is_missing_wasm',
} as const;

type Binding = Record<keyof typeof FUNCTIONS, CursorFunction>;

let binding: Binding | undefined;

/**
 * Keeps web-tree-sitter's WASM cursor functions from the module object given to Parser.init
 * (Emscripten attaches its exports to it). Those functions keep the cursor in WASM's transfer
 * buffer and leave it there after each move, so a walk that calls them directly, and nothing
 * else in between, needs none of the public TreeCursor's marshalling: a fifth of the calls.
 * Without every function (another web-tree-sitter build), copying uses the public cursor.
 */
export function bindWasmCursor(module: Record<string, unknown>): void {
  const found = Object.fromEntries(Object.entries(FUNCTIONS).map(([step, name]) => [step, module[name]]));
  binding = Object.values(found).every((value) => typeof value === 'function') ? (found as Binding) : undefined;
}

/**
 * Direct steps for the cursor `tree.walk()` just made (it is the one in the transfer buffer);
 * undefined when the functions are not bound. Valid until the next other call into web-tree-sitter.
 */
export function directSteps(tree: Tree): CursorSteps | undefined {
  if (!binding) return undefined;
  const address = (tree as unknown as { 0: number })[0];
  const { gotoFirstChild, gotoNextSibling, gotoParent, typeId, fieldId, startIndex, endIndex, isNamed, isMissing } = binding;
  return {
    gotoFirstChild: () => gotoFirstChild(address) === 1,
    gotoNextSibling: () => gotoNextSibling(address) === 1,
    gotoParent: () => gotoParent(address) === 1,
    typeId: () => typeId(address),
    fieldId: () => fieldId(address),
    startIndex: () => startIndex(address),
    endIndex: () => endIndex(address),
    isNamed: () => isNamed(address) === 1,
    isMissing: () => isMissing(address) === 1,
  };
}
