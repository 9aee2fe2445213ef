// Example workload: renders the request's markdown to HTML with marked and lists its headings.
import { marked, type Tokens } from 'marked'

interface RenderRequest {
  markdown: string
}

interface RenderResponse {
  html: string
  headings: { depth: number; text: string }[]
}

export default function handler(input: RenderRequest): RenderResponse {
  const tokens = marked.lexer(input.markdown)
  const headings = tokens
    .filter((token): token is Tokens.Heading => token.type === 'heading')
    .map((heading) => ({ depth: heading.depth, text: heading.text }))
  return { html: marked.parser(tokens), headings }
}
