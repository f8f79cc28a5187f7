#!/usr/bin/env node
// Runs every rule's examples through the built engine, so that a wrong example fails the build (and the tests), not
// every process at start-up.
import { defaultRegistry, resolveProfile, ruleExampleProblems } from '@gongwen/core';

const registry = defaultRegistry();
const problems = ruleExampleProblems(registry, resolveProfile(undefined));
if (problems.length) {
  console.error(`rule examples failed:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`rule examples: ${registry.all().length} rules pass`);
