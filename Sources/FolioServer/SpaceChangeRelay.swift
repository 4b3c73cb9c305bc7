import ServiceLifecycle

/// Forwards the space changes that other processes sharing the store make (SPEC §5.4) to this
/// process's waiting requests, for as long as the server runs.
struct SpaceChangeRelay: Service {
    let store: any SyncStore
    let changes: SpaceChanges

    func run() async throws {
        await cancelWhenGracefulShutdown { [store, changes] in
            await store.followChanges { user in
                if let user { changes.announce(user) } else { changes.announceAll() }
            }
        }
        // A store with nothing to follow returns at once; the service still ends only with the server.
        try? await gracefulShutdown()
    }
}
