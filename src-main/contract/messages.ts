/** The advice after each spreadsheet Storeroom cannot read. */
const SAVE_AS_XLSX = 'Open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx), then import that.';

/**
 * The English text of every message the core and its transports send, by key, with i18next-style `{{param}}` values.
 * The CLI, the HTTP API and the logs say it in English; a client that knows the key says it in its reader's language
 * (the renderer keeps a translation of each one, with the same params). Params are never named after i18next's
 * options (`count`, `context`, ...), which would change how the renderer looks a message up.
 */
export const messages = {
  request: {
    unknownProcedure: 'There is no procedure called "{{procedure}}".',
    invalid: '{{issues}}',
    unknownPerson: 'The person making this change is not in this catalogue. Choose who you are again.',
    jobRunning: 'A job with id {{jobId}} is already running.',
    valueTaken: 'That value is already used elsewhere in the catalogue.',
    missingReference: 'Something this change refers to does not exist.',
    internal: 'Storeroom hit an internal error; nothing was changed. The details are in the log.',
    diskFull: 'The disk is full, so nothing was saved. Free some space (or choose another disk) and try again.',
    badOperationId: 'The operation id "{{key}}" is not a UUID.',
    keyReused: 'The operation id {{key}} was already used for another request; send a new id for a new change.',
  },
  catalogue: {
    busy: 'This catalogue is open for writing in {{app}} (process {{pid}} on {{host}}); it can be read here, but not changed. Close it there first.',
  },
  http: {
    tokenRequired: 'A valid token is required.',
    bearerTokenRequired: 'A valid token is required: send it as "Authorization: Bearer <token>".',
    hostRefused: 'Requests for host "{{host}}" are not accepted.',
    crossOriginRefused: 'Cross-origin requests are not accepted.',
    postRequired: 'API procedures are called with POST.',
    bodyTooLarge: 'The request body is over the limit of {{megabytes}} MB.',
    bodyUnreadable: 'The request body could not be read.',
    invalidJson: 'The request body is not valid JSON.',
    uploadIncomplete: 'The upload did not complete.',
    notFound: 'Not found.',
    photoFileMissing: 'The photo file is missing from the media folder.',
    internal: 'The server hit an internal error.',
    noResult: 'The server answered {{status}} without a result.',
    badLastEventId: 'Last-Event-ID must be the number of a change this server sent, not "{{id}}".',
    futureLastEventId: 'Last-Event-ID {{id}} is after the latest change ({{latest}}): this catalogue is not the one the client was following. Reload.',
  },
  desktop: {
    untrustedWindow: 'Only Storeroom’s own window may use the catalogue.',
    procedureNotText: 'The procedure name must be a string.',
    uploadNotBytes: 'An upload is the file’s bytes.',
    uploadTooLarge: 'The file is too large to import.',
    noMedia: 'This core serves no media.',
    coreStopped: 'Storeroom’s database process stopped, so this action may not have been saved.',
    failed: '{{reason}}',
  },
  objects: {
    notFound: 'No object with id {{id}}.',
    someMissing: '{{missing}} of these objects do not exist.',
    searchNotUnderstood: 'The search "{{query}}" could not be understood: {{reason}}.',
  },
  locations: {
    notFound: 'No location with id {{id}}.',
    archived: '{{code}} is archived; nothing can be put in it. Unarchive it first.',
    codeTaken: 'The location code "{{code}}" is already used by "{{name}}".',
    insideItself: '"{{name}}" cannot be placed inside itself or one of its own sublocations.',
    inUse: '"{{code}}" is in use (it holds sublocations or objects, or appears in their history); archive it instead.',
    rangeMixed: '"{{range}}" mixes letters and numbers.',
    rangeBackwards: '"{{range}}" runs backwards.',
    rangeTooLong: '"{{range}}" is too long a range.',
    rangeEmpty: '"{{range}}" has no values.',
    levelKeysRepeated: 'Each level needs its own key.',
    patternMissingLevel: 'The code pattern has no {{placeholder}}.',
    levelsOutOfOrder: 'The levels must appear in the code pattern in order.',
    reorderMismatch: 'The new order must list every sublocation of {{parent}} once, and nothing else.',
    reorderMismatchTop: 'The new order must list every top-level location once, and nothing else.',
    tooMany: 'That would create {{total}} locations; at most {{max}} at a time.',
    invalidCode: '"{{code}}" is not a valid location code (no spaces or ">", at most 60 characters).',
    codesTaken: '{{collisions}} of the codes are already used; nothing was created.',
  },
  moves: {
    batchNotFound: 'There is no batch of moves with reference {{reference}}.',
    movementNotFound: 'No movement with id {{id}}.',
    containerAlreadyThere: '{{code}} is already there.',
    objectAlreadyThere: '"{{number}}" is already in {{location}}.',
    objectsAlreadyThere: '{{objects}} objects are already in {{location}}.',
    alreadyUndone: '{{reference}} was already undone by {{undoneBy}}.',
    nothingToUndo: 'Nothing in {{reference}} is still where it was put, so there is nothing to undo.',
  },
  vocabularies: {
    notACategory: '"{{term}}" is not one of the catalogue\'s categories: {{allowed}}.',
    notAConditionTerm: '"{{term}}" is not one of the catalogue\'s condition terms: {{allowed}}.',
    noCategories: 'The catalogue has no categories yet; add "{{term}}" to the list first.',
    noConditionTerms: 'The catalogue has no condition terms yet; add "{{term}}" to the list first.',
    termTwice: '"{{term}}" is in the list twice.',
    categoryInUse: '"{{term}}" is still used by {{objects}} objects; it cannot be removed.',
    conditionTermInUse: '"{{term}}" is still used by {{records}} condition records; it cannot be removed.',
    customFieldNotFound: 'No custom field with id {{id}}.',
    customFieldNameTaken: 'There is already a custom field called "{{name}}".',
    choicesRequired: 'A choice field needs at least one choice.',
    choicesNotAllowed: 'Only a choice field has choices.',
    choiceInUse: '"{{choice}}" is still chosen on {{objects}} objects; it cannot be removed.',
    mustBeNumber: '"{{field}}" must be a number.',
    mustBeText: '"{{field}}" must be text.',
    mustBeDate: '"{{field}}" must be a date (YYYY-MM-DD).',
    mustBeChoice: '"{{field}}" must be one of: {{choices}}.',
  },
  milestones: {
    notFound: 'No milestone with id {{id}}.',
    nameTaken: 'There is already a milestone called "{{name}}".',
    afterExists: 'This catalogue already has its After milestone; adjust its time instead.',
    beforeAfterEnd: 'Before cannot come after {{name}}.',
    afterBeforeStart: 'After cannot come before {{name}}.',
    beforeKept: 'The Before milestone cannot be deleted; adjust its time instead.',
  },
  viewpoints: {
    notFound: 'No viewpoint with id {{id}}.',
    photoTaken: 'This photo is already the {{milestone}} photo from this viewpoint; one photo cannot show two moments.',
  },
  photos: {
    notFound: 'No photo with id {{id}}.',
    notAttached: 'That photo is not attached there.',
    uploadOverNetwork: 'Over the network, send the files with POST /api/upload, then import them by upload id.',
    attachOneWay: 'Attach to one thing, or by file name, not both.',
    noSuchFile: 'No such file or folder.',
    fileGone: 'The file is gone: it was moved or deleted, or its upload expired.',
    fileEmpty: 'The file is empty.',
    fileTooLarge: 'The file is over the limit of {{megabytes}} MB.',
    tooManyPixels: 'The image is too large to open safely (over {{megapixels}} megapixels).',
    notAnImage: 'This file is not an image Storeroom can read (JPEG, PNG, WebP, TIFF, GIF, AVIF or HEIC).',
    formatRefused: '{{format}} files are not taken in; use JPEG, PNG, WebP, TIFF, GIF, AVIF or HEIC.',
    damaged: 'The image is damaged or incomplete ({{reason}}).',
    importFailed: 'Could not import: {{reason}}',
    noSuchPhoto: 'No such photo.',
    originalMissing: 'The original of photo {{sha256}} is not in the media folder, so it cannot be recorded.',
  },
  imports: {
    uploadOverNetwork: 'Over the network, send the file with POST /api/upload, then import it by upload id.',
    fileGone: '{{file}}: the file is gone (moved, deleted, or its upload expired).',
    fileEmpty: '{{file}} is empty.',
    fileTooLarge: '{{file}} is over {{megabytes}} MB.',
    oldExcel: `{{file}} is an old Excel file (.xls) or a password-protected workbook, which Storeroom cannot read. ${SAVE_AS_XLSX}`,
    openDocument: `{{file}} is an OpenDocument spreadsheet (.ods). ${SAVE_AS_XLSX}`,
    excelBinary: `{{file}} is an Excel binary workbook (.xlsb). ${SAVE_AS_XLSX}`,
    webPage: `{{file}} is a web page or XML file with a spreadsheet's name, not a workbook. ${SAVE_AS_XLSX}`,
    workbookDamaged: `{{file}} is not a valid Excel workbook (it may be damaged). ${SAVE_AS_XLSX}`,
    formatNotRead: `{{file}} is not in a format Storeroom reads. ${SAVE_AS_XLSX}`,
    notASpreadsheet: '{{file}} is not a spreadsheet Storeroom can read (use .xlsx or .csv).',
    workbookTooSlow:
      'The workbook took too long to read (over {{seconds}} s). It may hold formatting or data validation that covers whole sheets: copy just the data into a new workbook and import that.',
    workbookUnreadable: `The workbook could not be read: {{reason}}. ${SAVE_AS_XLSX}`,
    noSheets: `The workbook has no sheets Storeroom can read. ${SAVE_AS_XLSX}`,
    noSuchSheet: 'There is no sheet called "{{sheet}}"; the sheets are: {{sheets}}.',
    noRows: '{{file}} has no rows with values.',
    headerPastEnd: 'Row {{row}} is past the end of the sheet ({{rows}} rows).',
    unknownColumn: 'The mapping names a column the file does not have: "{{header}}".',
    notAField: '"{{field}}" is not a field an import can fill (column "{{header}}").',
    fieldMappedTwice: 'Two columns are mapped to {{field}}; map it once.',
    nothingToMatch: 'Map at least the object number or the object name: without them no row can be matched or created.',
    cancelled: 'The import was cancelled.',
    notFound: 'No import with id {{id}}.',
    alreadyUndone: 'That import was already undone on {{date}}.',
    notUndone: 'The import of {{file}} has not been undone.',
    // A row's problems: the row is reported with them and skipped, the others go on.
    unknownLocation: 'No location "{{location}}" (by code or path); tick "create missing locations" to create it.',
    unknownCategory: '"{{term}}" is not one of the catalogue\'s categories; tick "add new terms" to add it.',
    unknownConditionTerm: '"{{term}}" is not one of the catalogue\'s condition terms; tick "add new terms" to add it.',
    countNotANumber: 'Number of objects: "{{value}}" is not a number.',
    countNotWhole: 'Number of objects: "{{value}}" is not a whole number.',
    heightNotANumber: 'Height: "{{value}}" is not a number.',
    widthNotANumber: 'Width: "{{value}}" is not a number.',
    depthNotANumber: 'Depth: "{{value}}" is not a number.',
    weightNotANumber: 'Weight: "{{value}}" is not a number.',
    dimensionsNotRead: 'Dimensions: "{{value}}" is not read as height × width × depth.',
    dimensionUnitNotKnown: 'Dimension unit: "{{value}}" is not one of {{allowed}}.',
    weightUnitNotKnown: 'Weight unit: "{{value}}" is not one of {{allowed}}.',
    reachableNotYesOrNo: 'Reachable: "{{value}}" is not yes or no.',
    priorityNotKnown: 'Evacuation priority: "{{value}}" is not 1, 2 or 3.',
    significanceNotKnown: 'Significance: "{{value}}" is not high, medium or low.',
    vulnerabilityNotKnown: 'Vulnerability: "{{value}}" is not high, medium or low.',
    easeOfHandlingNotKnown: 'Ease of handling: "{{value}}" is not high, medium or low.',
    customNotANumber: '{{field}}: "{{value}}" is not a number.',
    customNotADate: '{{field}}: "{{value}}" is not a date (YYYY-MM-DD).',
    customNotAChoice: '{{field}}: "{{value}}" is not one of {{choices}}.',
    numberRepeated: 'Object number "{{number}}" is also in row {{row}}.',
    numberNotUnique: '{{objects}} objects in the catalogue have the number "{{number}}"; give this row a unique number.',
    nameRequired: 'A new object needs an object name.',
    unknownTempNumber: 'No object has the temporary number "{{number}}".',
  },
  exports: {
    notFound: 'No such export.',
    expired: 'No such export; exports are kept for a day.',
    pathOverNetwork: 'Over the network, download the export instead of naming a path.',
    thumbnailsNeedExcel: 'Thumbnails go into an Excel workbook, not CSV.',
    csvChoices: 'A sheet and a byte-order mark are choices for CSV.',
    noSuchSheet: 'There is no {{sheet}} sheet to export (the Before-After sheet needs two milestones).',
  },
  labels: {
    unknownTemplate: 'There is no label template called "{{template}}". The templates are: {{templates}}.',
    tooWide: 'The custom template does not fit across its page: the labels need {{needed}} mm of the page’s {{page}} mm.',
    tooTall: 'The custom template does not fit down its page: the labels need {{needed}} mm of the page’s {{page}} mm.',
    overlapAcross: 'The custom template’s labels overlap: the pitch across ({{pitch}} mm) is less than a label’s width ({{size}} mm).',
    overlapDown: 'The custom template’s labels overlap: the pitch down ({{pitch}} mm) is less than a label’s height ({{size}} mm).',
    nothingToPrint: 'There is nothing to print labels for: the selection is empty.',
    startBeyondSheet: 'Label {{start}} is beyond the sheet: a sheet of this template has {{perSheet}} labels.',
    codeDoesNotFit: 'The code for "{{label}}" does not fit on a label this size; choose a larger template.',
    switchedToQr: 'Some numbers could not be a Code 128 barcode (too long for the label’s width, or with characters Code 128 cannot hold): those labels have a QR code instead ({{labels}} in all), such as {{examples}}.',
    pathOverNetwork: 'Over the network, download the labels instead of naming a path.',
    folderMissing: 'The labels could not be written to {{path}}: its folder does not exist.',
    notAllowed: 'The labels could not be written to {{path}}: permission denied, or the disk is read-only.',
    isFolder: 'The labels could not be written to {{path}}: that is a folder.',
    cannotWrite: 'The labels could not be written to {{path}}: {{reason}}.',
    diskFull: 'The disk is full: the labels could not be written to {{path}}. Nothing was saved; free some space and try again.',
  },
  evacuation: {
    notFound: 'No evacuation with id {{id}}.',
    codeTaken: 'The code "{{code}}" is already used by the evacuation "{{name}}".',
    notStarted: '"{{name}}" is still a plan: start it first.',
    alreadyStarted: '"{{name}}" has already started.',
    closed: '"{{name}}" is completed: nothing more is packed, loaded or received for it until its return begins.',
    over: '"{{name}}" is over: its objects have come back.',
    listClosed: 'Objects are added to the list of "{{name}}" until it is completed.',
    notCompleted: 'The return of "{{name}}" begins once it is completed.',
    placeTaken: '{{code}} is one of the places of "{{name}}" (its packing area, vehicles or destination); choose another.',
    destinationIsOwn: 'The destination cannot be {{code}}, one of this evacuation’s own boxes, packing area or vehicles.',
    boxNotFound: 'There is no box with id {{id}} in this evacuation.',
    boxOnTheWay: 'Box {{box}} is on its way; objects are packed into it before it leaves or once it has arrived.',
    inOtherBox: '{{number}} is already packed in box {{box}}. Confirm to take it out and pack it in box {{target}}.',
    boxEmpty: 'Box {{box}} is empty: pack it before it leaves.',
    boxNotArrived: 'Box {{box}} has not been checked in here yet: scan the box itself first.',
    ambiguousNumber: '{{objects}} objects have the number "{{number}}": pack the one to take into a box, and scan the box.',
    inBoxScanBox: '{{number}} is packed in box {{box}}: scan the box, and everything in it goes with it.',
    notReturning: 'Objects are put back once the return of "{{name}}" has begun.',
    boxNeverPacked: 'Box {{box}} was never packed, so there is nothing to receive. Check the code on the box.',
    unknownCode: 'Neither a box of this evacuation nor an object has the code "{{code}}".',
    notAtDestination: '{{code}} is not at the destination ({{destination}}): objects are placed there.',
    notABoxPlace: '{{code}} is one of the evacuation’s boxes: scan a place at the destination (a room, a shelf), not a box.',
    closeNeedsReason: '{{objects}} objects are not accounted for at the destination. Say why the evacuation is closed anyway.',
    foundNotListed: '{{number}} was not on the evacuation list: it is recorded as a found object, where it was scanned.',
    foundElsewhere: '{{number}} was recorded in {{recorded}}: it is now recorded where it was found, in {{box}}.',
    foundNew: '{{number}} was not in the catalogue: it is recorded as a new object, found during the evacuation.',
    emptyList: 'There is nothing to print: the list has no objects.',
    noBoxes: 'There is nothing to print: the evacuation has no boxes yet.',
    pathOverNetwork: 'Over the network, download the document instead of naming a path.',
    cannotWrite: 'The document could not be written to {{path}}: {{reason}}.',
    diskFull: 'The disk is full: the document could not be written to {{path}}. Nothing was saved; free some space and try again.',
  },
} as const;

type Messages = typeof messages;

/** A message's key: its group and its name, such as `locations.codeTaken`. */
export type MessageKey = { [G in keyof Messages]: `${G}.${keyof Messages[G] & string}` }[keyof Messages];

/** The values of a message's {{params}}, by name. */
export type MessageParams = Record<string, string | number>;

type Template<K extends MessageKey> = K extends `${infer G}.${infer N}`
  ? G extends keyof Messages
    ? N extends keyof Messages[G]
      ? Messages[G][N]
      : never
    : never
  : never;
type ParamNames<T> = T extends `${string}{{${infer P}}}${infer Rest}` ? P | ParamNames<Rest> : never;

/** Exactly the values one message needs. */
export type ParamsOf<K extends MessageKey> = Record<ParamNames<Template<K>>, string | number>;

/** The message in English, its {{params}} filled in. */
export function formatMessage(key: MessageKey, params: MessageParams): string {
  const [group, name] = key.split('.') as [keyof Messages, string];
  const template = (messages[group] as Record<string, string>)[name]!;
  return template.replace(/{{(\w+)}}/g, (_, param: string) => String(params[param]));
}
