/** The commands the server executes (`workspace/executeCommand`); clients call them by these names. */
export const COMMANDS = {
  fixAll: 'gongwen.applyFixAll',
  ignore: 'gongwen.ignoreOccurrence',
  disableRule: 'gongwen.disableRule',
  addTerm: 'gongwen.addTerm',
  checkFile: 'gongwen.checkFile',
  llmCheck: 'gongwen.llmCheck',
  build: 'gongwen.build',
  draft: 'gongwen.draft',
} as const;
