package io.hostbridge.events;

final class InMemorySequenceAllocatorTest implements SequenceAllocatorContract {

    @Override
    public SequenceAllocator newAllocator() {
        return new InMemorySequenceAllocator();
    }

    @Override
    public SequenceAllocator newAllocatorAfter(long startingPoint) {
        return new InMemorySequenceAllocator(startingPoint);
    }
}
