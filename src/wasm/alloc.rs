//! The wasm heap: a size-class allocator in place of the default dlmalloc (about 7 KB of code
//! against a few hundred bytes here).
//!
//! Every block is a power of two from 16 bytes up, carved from linear memory with a bump
//! pointer (aligned to its own size up to a 64 KiB page, so any alignment up to the size is
//! met) and kept, once freed, on its class's free list for the next block of that class.
//! Allocation and freeing are O(1); `realloc` keeps the block when the new size fits its
//! class. Memory is never given back to the host (wasm cannot shrink memory anyway) nor moved
//! between classes: the allocations here are small and short-lived (one validation, one
//! payload), so the classes in use stay few. wasm32 without threads: no locking.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::ptr::null_mut;

const PAGE: usize = 65536;
const MIN_SHIFT: u32 = 4;

struct Heap;

/// Free list heads by class (block size `1 << (MIN_SHIFT + class)`), the bump pointer and the
/// end of the memory the bump pointer owns.
static mut FREE: [usize; 28] = [0; 28];
static mut NEXT: usize = 0;
static mut END: usize = 0;

/// The class of a layout, or `None` when it is too large for any.
fn class_of(layout: &Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(1 << MIN_SHIFT);
    let shift = usize::BITS - (size - 1).leading_zeros();
    let class = (shift - MIN_SHIFT) as usize;
    (class < 28 && layout.align() <= PAGE).then_some(class)
}

unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(&layout) else { return null_mut() };
        let free = &mut *core::ptr::addr_of_mut!(FREE);
        let head = free[class];
        if head != 0 {
            free[class] = *(head as *const usize);
            return head as *mut u8;
        }
        let size = 1usize << (MIN_SHIFT as usize + class);
        let align = size.min(PAGE);
        let top = wasm32::memory_size(0) * PAGE;
        if top != END {
            // First call, or someone else grew the memory: bump from its end.
            NEXT = top;
            END = top;
        }
        let start = (NEXT + align - 1) & !(align - 1);
        let Some(end) = start.checked_add(size) else { return null_mut() };
        if end > END {
            let pages = (end - END).div_ceil(PAGE);
            if wasm32::memory_grow(0, pages) == usize::MAX {
                return null_mut();
            }
            END += pages * PAGE;
        }
        NEXT = end;
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(class) = class_of(&layout) {
            let free = &mut *core::ptr::addr_of_mut!(FREE);
            *(ptr as *mut usize) = free[class];
            free[class] = ptr as usize;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        if class_of(&layout).is_some() && class_of(&new) == class_of(&layout) {
            return ptr;
        }
        let out = self.alloc(new);
        if !out.is_null() {
            core::ptr::copy_nonoverlapping(ptr, out, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        out
    }
}

#[global_allocator]
static HEAP: Heap = Heap;
