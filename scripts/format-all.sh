#!/usr/bin/env bash
# Formats the whole repository with Prettier (.prettierrc.json; .prettierignore says what is left
# alone), then checks that formatting changed nothing but layout: typecheck, lint and a second
# `prettier --check`. Run from the repository root; commit the result on its own.
set -euo pipefail
cd "$(dirname "$0")/.."
npx prettier --write . --log-level warn
npx prettier --check . --log-level warn
npm run typecheck
npm run lint
