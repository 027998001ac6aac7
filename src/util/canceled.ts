/** Raised when the run is cancelled while a request, a retry wait or a poll is under way. */
export class CanceledError extends Error {
  constructor() {
    super('cancelled')
    this.name = 'CanceledError'
  }
}
